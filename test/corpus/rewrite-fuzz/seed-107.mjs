"øU)"
 
"%Uá"; export   //cc exs   tg
/*ng  ﻿ f j tyh*/* from ""//llrg﻿l   oi  cx 


;(async function

()/*jby vgbujb  
﻿ibg
i*/ /**/{


/*cm ﻿ xp a  q */
 class/*zmkl﻿t o mt*/ nwkwbtwasbmfoy extends  true//oio  hxpl   

{    get[/R(?:)??,\5q{76502,}|(?=)\0{57042}?|V{81977,90737}?\0(?=)()()()()()/gimu]() { 

//     b   	fu
/*z e  vb	a　oab*/


""
/*e*/ /*yqffl﻿ pmj zh xl */ /* qh  bo z*/
"®1'±";
  /*﻿n
k﻿ml vj ck 　 o*/

 /*ttm 

cf  p*/"use strict"

 } 	 get/*x 
 lx jqpyf﻿﻿
d  *//*  v  tf  kkd joae*///   	mh
 [/(?=)?5{91646,99434}?(?=()(?!))*?/gim]() {/* jnsta g axal*//* ﻿ys 
 jy
sott
f  */
/*smr﻿ */
/*yru xn*//*
 h﻿fgd　 xamt */
/* 　 */  //  pp   ypa　 
"3¦"
 

﻿"c"
 



//　n  

/*ji a*/ 
 /* g */﻿"»"


//
//kx　  	ti hufhf va
// c  
 

/* ld  e  dx   
y*/  "*";
/*cg*//*　o	gd*//*    qkfm	 fb   l*/
 "";
/*yyh n﻿fjqp	*/﻿} /* v pggz*//*t pgx ie	 */ //  e  vm s
 /*cv 

g*/  set

[this]/* qfjgsof  ivn s
*//*vf zte   t
noodh h*/// kljfdm q r eo v
  (async)
 {/**//*yyflr
*/    	  ""


//zr  　ba 　 g　t 
 
//sp


//k    ha z 　	ojocmz﻿


/*m	inqin g g pv *//*h  gt b qjyv  ugz*//* e x   g  a*/
  /*　ysxgd   
cz *//* zh*/"0©"//pz　
/*i hdcdb  n
 q　*/


  "º	"
 





﻿  "use strict"/* b　mrf	*/ //　ek x  jl g　 c 
"cEW}";

 //ne nqozse yym
/*s  yj k kk﻿*/

}//fq a z	j  t iugcx
/*bz	f */



static

　get
//sy﻿
[null]() {} 
  //yz   u  　    l
/*t   p i	a　eq  zm*/　
"³ëVö"()
{}/*xdto 
hv    *///  ef  mxop  a	 } ﻿/*a　ps 
*/

try /* h*//*ufk   qo
m
ht cc g*/	{ // el d		

//	﻿   g mxpoc	vrvb

	switch

/* g   
 q k*/(this) {      default:	//　 mqr﻿ qylq m      g
 // sn 
 }
//  z
// lj  mjfolnnu  d
// m　j q l　// a   ur  po　 } // q m oz  qp ﻿ g k
catch /*n  a t m﻿gmx nbx*/([])

//gs
{}// a u
 
}) ? /*ql  gkp　   *//* 　s    */


/*t*/
{[2e308]:/*hkdu 	a nj
 	 qe c*//*k pf d*/ h// azzl oz 
//
 

=

((6.199576624203473e65)),



"": 
v
	=
2e308}//  kp  zkexnn p
=
[, ,
,
// 
...null]

:

this;  if ([,
/*i  ﻿dned k mj*/
]) rhoxopwpqt:do
 false  while　("HæÀ")
//
//	b	v  ln  
 //　jb  m﻿  p f
