"d"
// 
"w"
//dlj vsd yct q﻿y﻿ s

"{Ä";/*jo   cqp﻿  *//**/
//b fzaz
""; "£¶"//vsl a   y
 //zz﻿cvpcn j
export default/*  *//* ym te kxq*/ class /*g eon  
rmk*/pwsqteuar/*x *//* c qbbc  　　zog plse*//* gb nqab*/ {

//vt  ads p　//sm  f z i dr i 	e   /*p  */get/*l jtu   */
//yy p
[((++(((108))).o))]()/*busbbrtce
f dy*//*
fi  */{//xlegtf ﻿tieh  h	 
  //j lmgpxn
//﻿ x k﻿  "ÓH¼Õð"; //x bn c　 	
﻿  
 /*l   uy*/""//ae  //pbv i nro n bfz //  f  bmlpgx  xu //jdm  　 t
  /*  lgt mmve*/ "7N*"//a iu spxxkk js
 //t   o  /*qjg
  */ //s   vpvr 　  ofk
 /* a zoo*/
"½Ú"/* c﻿
r  
m  qmyf
xy*/
//ah jsgn l //	hu  r 	  a u  /*jfr*/// i nx 　c﻿q yh﻿tmn 
throw/*nljo qtg  j c 　﻿zn*//*k*/ ((o))
/*sicyq 
tncfe 　 x */ /*h ﻿ jo*/  /*u t yo	 q */} /*ry*/ //﻿  i vr　k  i  y x
 static/*it e */ //  l ﻿ set
//

// tx[(w
//fv 
/*a x qggm q */ /= ((null/*  
  f	zu　*/ >= /*  aa   ptpg  l  n*/(false))))]/*s  c*/(lbtclshudsausw)//atxo ngy﻿ //lt﻿ yhaa   d﻿uh
{//kl k  //x﻿r 	ipfxrol　cg fbc


// j   ﻿i bq﻿ /* y ﻿v  hc y*/"m9";﻿// hv // xzaty	




	//mrlq h c z srta  krm  //psqtea　mhyi 
"ù¦_";//kph r　  og 
 //phhh
/*q z iriq  */ /*sj a  gp*/ //kem
throw/*　 qn　 r  qn*//*jr  　ii fsvk tzs*/ (new.target)/*t ugkstj﻿og j zm
 */  /* dd     kz
 amz i*/  

while/*m　snrsg*///bv ce qvz  e// 　d b 　a  ((((.48)))) /* vgy 　by  y *//*bc   f
*/switch ((("&"))) /* *//* p 	v r  p
 hygg*/// mmx xhxnr	s  v	kq
{}/*ig    *//*pz  j oi k*/
//  /*dai　sl  */ //s	f orvr
}
/*mk tl﻿
   */  static //appyk r   ekah　 x  p
/*bejnxmd
q h ggpe
*/async [(((3.5037358058616516e98)))]()//qz 　dv qta pbty
 {/*vh*/
//  
  

/* 
f

﻿ */
﻿"G¬";//vkdubfakft
 // qgsz a  h﻿x // v n chh kvqiavpt er
//ac f and    xf
  "use strict";
/*l 
 kc﻿*/ //rpc　 s  i ozdqmax  
/* fjro    nk*///xcp gtay   /*ns kic  meoz  r */"Õ*+"
/* a*/
  
/*g nqtf	q
　t  e*/
  "use strict"

/* 　y  h 
d
  qe	 d*/ 
//b 	
 /*cmkzgs	*/ ""
// p jtvl //it i // ﻿c  h
/*b ldhhj ll */
function// xam
 async()//t  raqqc  hjt　    //y gtgp 　guhkvg 
 {
/*
kzk  	*/ /*y 　  ipglce rsdu 　*///　s

 // csqoo  //z
  "Ñ"

// l /*av*/ /*　qczu go 
*/ /**/ //b  q ﻿ ﻿	hu

//s egt

""/*q 
 d eak*///of
/*	j
 m  	z*/ // /*yc  l e
　  
 v	   */

"¡" //h


  /*﻿eemfn tj  mr*//*﻿bj  zydgf  l*/}
/* */
/* */
/*bjq	yp l xbv p la*///u px	a kcygxz   
  throw/*r*/ ((/\0{13740,34586}?(?=)'{65597,74299}(?=(?=)\0(?!))\x25/ims));/* */// p

 /* p  rmoi a*///f   /* oc ﻿p ju fff  fh */function 
/*  acz fmj*/async()/*uov 
neyy  */
/* go     */
{
/*
rxkqu 
 g*/ //y hdri d
 /*e  z﻿x v zs o  aye*/  //﻿  vayors   "ê";//c 
/*  z    	svz　i*/
//q 　

//o﻿ r	


}/*j﻿ imi e*///

/* e 
  pq  o prp 
 */ /*k  u    *//**/
}//	  x 
//eyry age z  
//y
	set ﻿/*z
 eb r  i　 lebqt  g*///  
[((/(?!(?!)|\B||)[\c8-](?!)??\b/ms.return//


=/**/ (((this)/*qvkxip */ ?/*j  	 k
j　r em  k */﻿/*kfp o t  t ﻿
	m a*/((this))/*ek jbe﻿　qpoip﻿﻿  k*/://　 e dd 

 ((this))))))]/*　 t*/  /*hp 　mi
nf uix  vf */({"":// vh o p
 /*sq
h ei f*/e}// 
= // uq zp(((`2D`)).ujrxte))//y ixrs s ve  p n 
 {//d foqsp
// lc
//gy   r lmzr﻿ 　ts

//c  i i // ppn y c  md   vs
;
/*u 	px *///﻿jv xfmi  


 // m josxys /*g  d	﻿ iu p d*/  //o mk﻿fqsli f
switch //a eft y((({})))/* nn

s﻿ */

{/**/  //nk  　   lb　
  /* 
aq r	﻿t*/ /*e  ej khg*/ // p    
 /*n zk  f lh*/ 
//  b   aafxa 
/*gppfkl 	ies   g*/case /*j*//*pxt  s
   z r　pml  */(null): //f﻿c 　e d﻿ o 　ek	
﻿/* e  h*/ /* g  

el*/ /*ax  vyx
  s*/  //﻿avrmo  d o//  j  case //
(null): /* xdh	 vebgoz q　b*//* d m */  //ras﻿  mykn
  /*hk ecg xpt*//* a*///bhrjnk
case //bm 	tpc  
//ij n﻿a sz
(null):
//rqv   ﻿x bi n mq /*d scg﻿z   
 c*/ /*  iil  　f
 my  */
//zn　 hvy h

/* zai*/ //l  uj   k  

//	

 /*
tjm l
sgvm*/case // 
(4.901819576043635e210):/* q ul zm seh   cz*//*
y o　b  g  d mn t*/
//d rj  ub   en  lt
 /*  v*/   // hs 
   case// uiufa
//iu	uej ﻿
((/(?:){73589,}?(?=(?=)(?!)()|\xdA|\B$e|(?!)|\S)\6(?:)+?\cx()()()()()()/gmsu)):/*xz p   *//*
p k ﻿osj xxd */   /* jxglqlpx*/
 //ihh
/*t﻿g n umes*/  default:
/*
i m	   c bj z   *//*  z og lme﻿h pj*/ /* o*///gh  xz

 
//  lfxzbqgceum 

/* 　kf       x*/ /*s  hb*///ia	      case
/* rducodkzg
   s u	*/  /*   q r gk 
vby*/"":/*hff
r sf n  n */
// oln
/*riq o oe  */// ts  　i ydoduo x x
    // 　k 
// 
//  	hygx  p c v	 d
  //t ﻿c cu b
case // j　a  zlgu   e(eval):
/*vpl x﻿hjimb y	 j a*///yia  	yhy	z
// 	　y v 　llvdlsf　s m
/*dc 
qj   m*//*jfkzgxhgjk
k  */  // v　lk   pp q  d
/* fg v 
 
pqcgq*/

  //j vpty
//  rrctm jm lf
//  k 
case// j  kaljx　 elaogv
 (((/\B/muy))):/*   jdiq d﻿j	  o*/ 
//r 
/* 
  　vg﻿v uss e*/ //uy /*n tgol　  
qoeqi*/ /*f     bo mt  */ case/*gqi   */ ("úXå"):/*fv
  　z　 u

fv
	*//*s	 h idjo  i b

*/
/*  m﻿﻿ ud */
/* 　eo　 */　


 //epp jvh  kk
}
/*qh  　 fpd momy  e*/ /*lz*/ }

/*zs 	  z sn 　m*/static/*n c m d 　jp*/ "«"(async/*r u y  p　e
 
 m﻿*/

=// zfoky jjs  gk j  c /*t
v  v　 igbg *//*  szytkq    b	*/((0x88AC212600000)),//bflxo ajh v 　u c
/*tqfv　d j jp m*/ /*l  ﻿zolusz*/ a =//r    /*q  v 	﻿  d ovk p*//*m xi  d xs */((new.target))) /*c rz 
  il
 */{
/*	﻿f
e bc x o  s   */
 //g　　 h﻿kt jnzkhg
  /*t  z*/ ""// e au  	ub kdi
//ua
//e   // hoi  dx nuzkci   "H#~"

//yc
 /*rc yez   　*///vlt xuuusfi r   //　 c    y le p	p 	m 
"y"/* */ /*hp
in mtoqmc h *///qr jz  ﻿ lbo	 d v 
//
{}/*ke 　c　re  un */　



//q  ehd  
}/*z kx sh
uq  　q	xe *///jq

}
// d im         mjgz
for

 //q u
 (;;)/*m　  za */ do//bzmcx
/*   q */
while// 	ve k   		gn  

((((((((((0x12D63FEF800000))()))).okrlgalwguy))) /* ﻿ ceer  n 
xa　 i*/?//aeaeh﻿ xb y/*﻿vrn*/ ((((--(null)[((2e308))]))))// a  u	p c  // vilemljia f
 :/*  ygxh htf﻿*/

 (((u
/*qv t*/**=//okxd ﻿p﻿fe


(((null).g)))))))/*uo  fg*/var s//nk b  atq 　
//xmbmt
 = (("ü")),//m  ﻿ evu tr o  k   /*i p   g*/
x;
while/* up k  yyyhp   
e*//* tftx e*/	((">T*o"));
//az   bk   bd z r  a

