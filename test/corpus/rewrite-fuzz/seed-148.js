"~"//b﻿dd z	z "%E\Î"//   ﻿	 
""
//ez oo q n""/*pq q uy*/"õ"
/* rp 
m　 ﻿  h﻿yl*/
var//o i ns   muj  p
/*g  fxz r
rnfmc*/ interface//cg  s =//    blaklsja　s  y  

 /\J\111(?=()$){77605,81852}\t{887,77193}?\J/gims,//kdydr {} =/*   r
	a 
d */ (2833.88)
with //hrgxip g	 y 
((!({[(((this))).e]: //ldu
(((!2e308))),/**/ //qf  m　 f  m
...((++(("HMZ)")).s)), ôQS://l  xxriek　t kb j  g ++,/*r s  　r*//*l qyqb  l  q 		*///iz zafp get [delete/*iel c  h a*/// s　f nh﻿ k l f p c
 (((``)))]()// rxyoa  xgt {//h  x ntjy   f 
  /*ckcy   sua  u*/"N!";
//yg   q
// hzhna// /*l  z  bxa bz
 vok*/ ""//　   bkoq o 

// m ﻿dzp rsbpe om
 /* pkzx un */ ""
// ey u 　t

/*   yqp*///gcr mh  	 j dj 
 //   url ﻿duee o kcv 
 "ËN"/*﻿y iao d   uv */// j 	e　 z   k  kbt
}}))) /*  ucxti  srghx
 e*///u 　cnf﻿  //ni
try {}// l 　l
 finally {	   debugger// r zu
    /*
soi
m
	  gsyd le bk*/try// {
  //xgsdibokxhyv rsb  
  /*p﻿ipv 　 */{}/* h*/
/*cr d byb*//*oisf　  mq  mfd qgn */ /*mz
 gg	  　t  
 g */    switch ((this))// limbm
 // 　q
{
//vl  
  // rqar      n  c 
 // bcbfvp xx  
   default:
/*  	
 xmgv*/    //lccvs ﻿dm
//a csb}
//nk 　x kmxl bfiux xvo // yr faoc
 //﻿pfzl  v b ct 	} catch//kh tpv　j﻿	 d
 ({}) /*oza  c yj p*/{}
// 　	

/*    	xebyg*/// ﻿
with 　/*kr ﻿﻿s*/

((false //b&& /*﻿ */(""))[(void/*qymqjrm */ /*a     e  x
 */2e308)]) //cl﻿ kuli﻿u 
;
  /*bv  b  */debugger
//u y   lk z  /*v*/
//  　
} 